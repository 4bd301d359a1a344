namespace Opbx.Domain.People;

public enum MembershipStatus { Active, Inactive }
