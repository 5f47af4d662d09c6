package ethsign

import "errors"

// Sentinels for errors.Is. Every error a parser returns wraps exactly one of
// them, with the offending field's path in the message.
var (
	ErrMessage     = errors.New("invalid message")
	ErrTypedData   = errors.New("invalid typed data")
	ErrTransaction = errors.New("invalid transaction")
	ErrAddress     = errors.New("invalid address")
)
