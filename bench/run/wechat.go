package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// wechatPy reads image paths on stdin, one a line, and answers each with a
// JSON line: the texts OpenCV's WeChat decoder reads (its classic detector:
// no CNN model files) and the CPU time of reading the file and decoding,
// measured inside python so that process start-up does not count. One
// thread, as the other readers. A code whose bytes are not UTF-8 comes back
// as U+FFFD: the judge counts any non-ASCII text as such a code read.
const wechatPy = `
import sys, json, time, cv2
cv2.setNumThreads(1)
d = cv2.wechat_qrcode_WeChatQRCode()
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    t0 = time.process_time()
    texts, err = [], ""
    try:
        img = cv2.imread(line.rstrip("\n"), cv2.IMREAD_COLOR)
        if img is not None:
            texts = list(d.detectAndDecode(img)[0])
    except UnicodeDecodeError:
        # cv2 hands the code's bytes to python as UTF-8 and fails on
        # other bytes: WeChat read a code, but its text is lost.
        texts = ["\ufffd"]
    except Exception as e:
        err = str(e)
    print(json.dumps({"texts": texts, "ms": (time.process_time() - t0) * 1000, "err": err}), flush=True)
`

// wechat is a running python process with OpenCV's WeChat decoder.
type wechat struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

type wechatAnswer struct {
	Ready bool     `json:"ready"`
	Texts []string `json:"texts"`
	MS    float64  `json:"ms"`
	Err   string   `json:"err"`
}

func startWechat(python string) (*wechat, error) {
	cmd := exec.Command(python, "-c", wechatPy)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	w := &wechat{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	w.out.Buffer(nil, 1<<20)
	var a wechatAnswer
	if err := w.answer(&a); err != nil || !a.Ready {
		w.close()
		return nil, fmt.Errorf("%s with cv2.wechat_qrcode did not start: %v %s", python, err, strings.TrimSpace(stderr.String()))
	}
	return w, nil
}

func (w *wechat) answer(a *wechatAnswer) error {
	if !w.out.Scan() {
		if err := w.out.Err(); err != nil {
			return err
		}
		return io.ErrUnexpectedEOF
	}
	return json.Unmarshal(w.out.Bytes(), a)
}

// read returns the texts WeChat reads in the image at path and its CPU
// time.
func (w *wechat) read(path string) ([]string, time.Duration, error) {
	if strings.ContainsAny(path, "\n\r") {
		return nil, 0, fmt.Errorf("path %q has a line break", path)
	}
	if _, err := fmt.Fprintln(w.in, path); err != nil {
		return nil, 0, err
	}
	var a wechatAnswer
	if err := w.answer(&a); err != nil {
		return nil, 0, fmt.Errorf("wechat: %v", err)
	}
	if a.Err != "" {
		return nil, 0, fmt.Errorf("wechat on %s: %s", path, a.Err)
	}
	return a.Texts, time.Duration(a.MS * float64(time.Millisecond)), nil
}

func (w *wechat) close() {
	w.in.Close()
	_ = w.cmd.Wait()
}
