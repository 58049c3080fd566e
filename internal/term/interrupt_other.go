//go:build !unix

package term

func restoreOnInterrupt(fd int) (stop func()) { return func() {} }
