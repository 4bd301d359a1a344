namespace Opbx.Asterisk.Deploys;

/// <summary>
/// A test seam, internal on purpose: the real-Asterisk tests register one in their host's services to make a deploy
/// render something Asterisk refuses. Opbx itself registers none, and nothing outside this assembly and its tests can.
/// </summary>
internal interface IRenderedConfigHook
{
    RenderedConfig Apply(RenderedConfig config);
}
