namespace Opbx.Asterisk;

/// <summary>A generated file. RelativePath uses '/' and is relative to the config directory, e.g. "opbx_pjsip.conf" or "orgs/&lt;org-key&gt;/pjsip.conf".</summary>
public sealed record ConfigFile(string RelativePath, string Content, AsteriskModule Module);
