namespace Opbx.Asterisk;

public enum AsteriskModule { Pjsip, Dialplan, Queues, Voicemail }

/// RelativePath uses '/' and is relative to the config directory, e.g. "opbx_pjsip.conf" or "orgs/<org-key>/pjsip.conf".
public sealed record ConfigFile(string RelativePath, string Content, AsteriskModule Module);

public sealed record RenderedConfig(IReadOnlyList<ConfigFile> Files);
