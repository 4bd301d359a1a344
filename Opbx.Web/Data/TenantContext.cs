namespace Opbx.Data;

/// <summary>
/// The organization the current request, job or command works in. Organization-owned data is
/// filtered by it in the DbContext; nothing is visible when it is unset (fails closed).
/// Platform code reaches across organizations only inside <see cref="AcrossOrganizations"/>.
/// </summary>
public sealed class TenantContext
{
    public Guid? OrganizationId { get; private set; }
    public bool CrossOrganization { get; private set; }

    public void Enter(Guid organizationId) => OrganizationId = organizationId;

    public IDisposable AcrossOrganizations()
    {
        var previous = CrossOrganization;
        CrossOrganization = true;
        return new Restore(() => CrossOrganization = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
