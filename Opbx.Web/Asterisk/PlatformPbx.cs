namespace Opbx.Asterisk;

/// <summary>
/// What the top-level files need: the keys of every organization whose folder they include, the shared trunks, and which
/// organization holds each number arriving on a shared trunk.
/// </summary>
public sealed record PlatformPbx(IReadOnlyList<string> OrganizationKeys, IReadOnlyList<PbxTrunk> SharedTrunks, IReadOnlyList<PbxSharedDid> SharedDids);
