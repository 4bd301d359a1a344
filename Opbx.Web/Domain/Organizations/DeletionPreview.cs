namespace Opbx.Domain.Organizations;

public sealed record DeletionPreview(Organization Organization, int Users, int Extensions, int Numbers, int CallRecords, int Recordings,
    int ApiKeys, int AccountsRemoved);
