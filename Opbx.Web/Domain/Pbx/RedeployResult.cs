namespace Opbx.Domain.Pbx;

/// <summary>How one organization fared in a <see cref="RedeployRun"/>.</summary>
public sealed class RedeployResult
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid RunId { get; set; }
    /// <summary>Null once the organization is deleted (its name stays).</summary>
    public Guid? OrganizationId { get; set; }
    public string OrganizationName { get; set; } = "";
    public RedeployResultStatus Status { get; set; } = RedeployResultStatus.Pending;
    /// <summary>Files of the organization written because their content changed (0: nothing changed).</summary>
    public int FilesWritten { get; set; }
    /// <summary>Why it failed: its configuration could not be rendered, or Asterisk did not load some of its objects.</summary>
    public string? Failure { get; set; }
}
