namespace Opbx.Api;

/// <summary>The answer to creating an extension: the extension and, this once, its SIP credentials.</summary>
public sealed record CreatedExtensionDto(ExtensionDto Extension, SipCredentialsDto SipCredentials);
