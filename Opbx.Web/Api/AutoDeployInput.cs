namespace Opbx.Api;

/// <summary>Body of <c>PUT /config/auto-deploy</c>.</summary>
public sealed record AutoDeployInput(bool? Enabled);
