namespace Opbx.Domain.Organizations;

public enum Industry { General, Hotel, Hospital }
