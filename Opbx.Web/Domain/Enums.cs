namespace Opbx.Domain;

public enum Industry { General, Hotel, Hospital }

public enum OrganizationStatus { Active, Suspended }

public enum OrgRole { Owner, PbxAdmin, PbxUser, Reporter }

public enum MembershipStatus { Active, Inactive }

public enum RecordingConsentMode { None, Announcement, OptIn, OptOut }
