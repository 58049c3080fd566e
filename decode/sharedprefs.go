package decode

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Android apps keep their settings, and some their accounts, in shared
// preferences: an XML <map> of <string name="…">value</string>, <int
// name="…" value="…"/>, <boolean …/>, <long …/>, <float …/> and <set>
// elements (android.app.SharedPreferencesImpl, written by
// com.android.internal.util.XmlUtils.writeMapXml). Several apps' files
// from a rooted phone are such maps; each reader recognises its own keys.

// pref is one entry of a shared preferences map. Value holds a <string>'s
// text or another element's value attribute.
type pref struct {
	Kind, Name, Value string
}

// maxPrefs caps the entries read from one shared preferences file.
const maxPrefs = 4 * maxAppEntries

// looksLikeSharedPrefs reports whether data starts as a shared preferences
// file: an XML declaration or comments, then a <map> element.
func looksLikeSharedPrefs(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	for range 8 {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local == "map"
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return false
			}
		}
	}
	return false
}

// parseSharedPrefs reads the entries of a shared preferences map, in file
// order. It never quotes the content in its errors.
func parseSharedPrefs(data []byte) ([]pref, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var prefs []pref
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if depth != 0 {
				return nil, errors.New("the XML ends early: the file is truncated")
			}
			return prefs, nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				if se.Msg == "unexpected EOF" {
					return nil, errors.New("the XML ends early: the file is truncated")
				}
				return nil, fmt.Errorf("invalid XML at line %d", se.Line)
			}
			return nil, errors.New("invalid XML")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1:
				if t.Name.Local != "map" {
					return nil, errors.New("the XML is not a shared preferences <map>")
				}
			case depth == 2:
				if len(prefs) >= maxPrefs {
					return nil, fmt.Errorf("more than %d entries", maxPrefs)
				}
				p := pref{Kind: t.Name.Local}
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "name":
						p.Name = a.Value
					case "value":
						p.Value = a.Value
					}
				}
				if p.Kind == "string" {
					var s string
					if err := d.DecodeElement(&s, &t); err != nil {
						return nil, errors.New("the XML ends early or is invalid inside a <string>")
					}
					p.Value = s
					depth--
				}
				prefs = append(prefs, p)
			}
		case xml.EndElement:
			depth--
		}
	}
}

// sharedPrefsFormat names the file in messages.
const sharedPrefsFormat = "Android shared preferences"
