namespace Opbx.Tests.Asterisk.Harness;

/// <summary>Where one SIPp run writes its &lt;log&gt; lines, unexpected messages and SIP message trace.</summary>
public sealed record SippFiles(string Log, string Errors, string Messages);
