using Opbx.Domain.Pbx;

namespace Opbx.Asterisk.Deploys;

/// <summary>A deploy in the platform-wide history, with its organization's name (null: the platform's own deploy).</summary>
public sealed record PlatformDeployRow(Deploy Deploy, string? OrganizationName);
