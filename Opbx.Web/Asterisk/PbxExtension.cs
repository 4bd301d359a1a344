using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>
/// An extension as Asterisk gets it. <see cref="Active"/> false (its member or their account is inactive): absent from
/// every file. <see cref="Md5Credential"/> is md5(username:realm:password); the password itself never reaches the renderer.
/// </summary>
public sealed record PbxExtension(Guid Id, ExtensionNumber Number, string Name, bool Active, string SipUsername, string Realm,
    string Md5Credential, bool Voicemail, string VoicemailPin);
