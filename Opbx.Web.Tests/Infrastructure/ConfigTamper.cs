using Opbx.Asterisk;
using Opbx.Asterisk.Deploys;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// The test host's <see cref="IRenderedConfigHook"/>: while <see cref="Change"/> is set, every deploy renders what it
/// returns (e.g. an endpoint with a setting Asterisk refuses). Off by default; a test sets it and clears it in finally.
/// </summary>
public sealed class ConfigTamper : IRenderedConfigHook
{
    public volatile Func<RenderedConfig, RenderedConfig>? Change;

    RenderedConfig IRenderedConfigHook.Apply(RenderedConfig config) => Change is { } change ? change(config) : config;
}
