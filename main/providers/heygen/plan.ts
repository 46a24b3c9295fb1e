// The longest video any HeyGen plan renders (Scale: 30 min; Free 3 min, Pro 5 min; docs limits page 2025-11):
// the default of the user's plan-maximum setting (Preferences), which caps a render's budget reservation.
export const HEYGEN_MAX_VIDEO_SECONDS = 30 * 60;
