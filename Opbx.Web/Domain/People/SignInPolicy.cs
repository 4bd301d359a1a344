namespace Opbx.Domain.People;

/// <summary>
/// Who may be signed in (SPEC §1): inactive accounts never; members only through an active membership in an
/// active organization; platform managers are never locked out by organization state.
/// Checked at sign-in and again on every request, so a change takes effect on the person's next request.
/// </summary>
public static class SignInPolicy
{
    public static string? Refusal(Account account, IReadOnlyCollection<Membership> memberships)
    {
        if (!account.IsActive) return "Your account has been deactivated. Contact your administrator.";
        if (account.IsPlatformManager) return null;
        if (memberships.Count == 0) return "Your account does not belong to any organization.";
        if (memberships.Any(Usable)) return null;
        var suspended = memberships.FirstOrDefault(m => m.Organization?.Status == OrganizationStatus.Suspended);
        if (suspended is not null) return $"{suspended.Organization!.Name} is suspended. Contact your service provider.";
        var inactive = memberships.First();
        return $"Your access to {inactive.Organization?.Name ?? "your organization"} has been deactivated. Contact its administrator.";
    }

    public static bool Usable(Membership m) => m.Status == MembershipStatus.Active && m.Organization?.Status == OrganizationStatus.Active;
}
