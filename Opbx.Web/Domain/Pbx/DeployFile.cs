namespace Opbx.Domain.Pbx;

/// <summary>
/// One file of a deploy's file set: its path in the config folder and the SHA-256 of its content, which is stored once
/// as a <see cref="ConfigBlob"/> however many deploys hold it. File sets are kept for the newest deploys of each
/// organization (and of the platform); older ones are pruned and blobs no file set holds are collected.
/// </summary>
public sealed class DeployFile
{
    public Guid DeployId { get; set; }
    public string Path { get; set; } = "";
    public string Hash { get; set; } = "";
}
