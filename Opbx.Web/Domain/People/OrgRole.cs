namespace Opbx.Domain.People;

public enum OrgRole { Owner, PbxAdmin, PbxUser, Reporter }
