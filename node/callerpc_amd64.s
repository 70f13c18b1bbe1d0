#include "textflag.h"

// func CallerPC() uintptr
//
// No frame of its own, so BP is still the caller's frame pointer; the
// caller's return address sits just above it.
TEXT ·CallerPC(SB), NOSPLIT|NOFRAME, $0-8
	MOVQ	BP, AX
	MOVQ	8(AX), AX
	MOVQ	AX, ret+0(FP)
	RET
