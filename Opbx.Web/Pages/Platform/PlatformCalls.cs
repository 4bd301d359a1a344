using Opbx.Asterisk.Live;

namespace Opbx.Pages.Platform;

/// <summary>One organization's calls up now (<see cref="OrganizationId"/> null: an account code no organization has).</summary>
public sealed record OrganizationCalls(Guid? OrganizationId, string Name, string AccountCode, int Calls);

/// <summary>Calls up now across the platform, per organization, for the polled panel of the platform dashboard.</summary>
public sealed record PlatformCalls(AsteriskSnapshot Asterisk, IReadOnlyList<OrganizationCalls> Organizations, string PollUrl, bool WithCount = false)
{
    public int Total => Asterisk.Calls.Count;
}
