namespace Opbx.Tests.Asterisk.Harness;

/// <summary>A phone's SIP credentials: what it registers and authenticates calls with.</summary>
public sealed record SipAccount(string Username, string Password);
