namespace Opbx.Asterisk.Ami;

/// <summary>Asterisk refused the AMI username or secret (or the address it came from). Retrying cannot help.</summary>
public sealed class AmiAuthenticationException(string message) : AmiException(message);
