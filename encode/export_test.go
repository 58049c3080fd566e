package encode

// Exported for the external tests only.
const (
	QuietZoneForTest       = quietZone
	MinModulePixelsForTest = minModulePixels
)
