using Opbx.Domain.Pbx;

namespace Opbx.Asterisk.Deploys;

/// <summary>The deploys a request joined or added (one per target), and those it added, which still need their trigger.</summary>
public sealed record QueuedDeploys(IReadOnlyList<Deploy> All, IReadOnlyList<Deploy> Created);
