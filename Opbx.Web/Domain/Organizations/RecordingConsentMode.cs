namespace Opbx.Domain.Organizations;

public enum RecordingConsentMode { None, Announcement, OptIn, OptOut }
