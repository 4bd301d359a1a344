namespace Opbx.Domain.Pbx;

/// <summary>A queue as a person fills it in: members are extension ids (in the order the linear strategy rings them).</summary>
public sealed class QueueInput
{
    public string? Number { get; set; }
    public string? Name { get; set; }
    /// <summary>ringall, leastrecent, fewestcalls, random, rrmemory or linear.</summary>
    public string? Strategy { get; set; }
    public int MemberTimeoutSeconds { get; set; } = 15;
    public int MaxWaitSeconds { get; set; } = 300;
    public List<Guid> MemberIds { get; set; } = [];
    public DestinationInput? Fallback { get; set; }
}
