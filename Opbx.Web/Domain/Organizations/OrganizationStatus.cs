namespace Opbx.Domain.Organizations;

public enum OrganizationStatus { Active, Suspended }
