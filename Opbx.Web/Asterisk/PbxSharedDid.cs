using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>A number on a shared trunk and the organization holding it.</summary>
public sealed record PbxSharedDid(E164 Number, string OrganizationKey, Guid DidId);
