namespace Opbx.Domain.Rules;

/// <summary>
/// Every permission and safety rule of SPEC §2, in one place. Pure functions over domain facts,
/// called by the domain services that both the web UI and the API go through.
/// </summary>
public static class AccessRules
{
    public const string LastOwnerDelete = "Cannot delete the last owner in the organization.";
    public const string LastOwnerDemote = "Cannot demote the last owner in the organization.";
    public const string LastOwnerDeactivate = "Cannot deactivate the last owner in the organization.";
    public const string LastPlatformManagerRevoke = "Cannot revoke the last platform manager.";
    public const string LastPlatformManagerDeactivate = "Cannot deactivate the last platform manager.";
    public const string LastPlatformManagerDelete = "Cannot delete the last platform manager.";
    public const string OwnRole = "You cannot change your own role.";
    public const string OwnStatus = "You cannot change your own status.";
    public const string OwnDelete = "You cannot delete your own account.";
    public const string OwnDeactivate = "You cannot deactivate your own account.";
    public const string OwnPlatformManager = "You cannot revoke your own platform manager rights; another platform manager can.";
    public const string OnlyAdmins = "Only owners and PBX admins can manage members.";
    public const string AdminTargets = "PBX admins can only manage PBX users and reporters.";
    public const string AdminGrants = "PBX admins can only give the roles PBX user and reporter.";
    public const string OnlyPlatformManagers = "Only platform managers can do this.";
    public const string OnlyOwnersKeys = "Only owners manage API keys.";
    public const string OnlyOwnersSettings = "Only owners change the organization's settings.";
    public const string OnlyOwnersWebhooks = "Only owners manage webhooks.";
    public const string OnlyUsageReaders = "Only owners, PBX admins and reporters see the organization's usage.";
    public const string WebhooksOff = "Webhooks are not part of this organization's plan; the hosting provider can turn them on.";
    public const string OnlyPbxAdmins = "Only owners and PBX admins manage the phone system.";
    public const string OnlyOwnersRecordings = "Only owners delete recordings.";
    public const string OnlySharedTrunks = "Only platform managers manage shared trunks.";
    public const string OnlyNumberInventory = "Only platform managers manage the number inventory.";
    public const string PlatformNumbers = "Numbers from the provider's inventory are added, moved and released by platform managers.";
    public const string CrossTenantCredentials =
        "This person also belongs to an organization you do not administer; only a platform manager can change their name, email or password.";

    /// <summary>Owners, PBX admins, reporters and platform managers read every call of the organization (and hear its recordings).</summary>
    public static bool SeesEveryCall(Actor actor) => actor.IsPlatformManager || actor.Role is OrgRole.Owner or OrgRole.PbxAdmin or OrgRole.Reporter;

    /// <summary>
    /// Whether the actor may play or download a call's recording: whoever sees every call, and a PBX user for the calls they
    /// made or took (<paramref name="ownMembershipId"/> is the actor's membership in the call's organization).
    /// </summary>
    public static bool MayOpenRecording(Actor actor, Guid? ownMembershipId, Guid? callerMembershipId, Guid? calleeMembershipId) =>
        SeesEveryCall(actor)
        || (actor.Role == OrgRole.PbxUser && ownMembershipId is { } own && (callerMembershipId == own || calleeMembershipId == own));

    /// <summary>
    /// The organization's usage against its limits and its month-by-month history: whoever reads every call (owners, PBX admins,
    /// reporters, platform managers; API keys act as owners), since minutes are those calls summed. Not PBX users, who see only
    /// their own phone and calls.
    /// </summary>
    public static Verdict ViewUsage(Actor actor) => SeesEveryCall(actor) ? Verdict.Allow : Verdict.Forbid(OnlyUsageReaders);

    /// <summary>Deleting a recording by hand (before retention would) is for owners; the call record stays.</summary>
    public static Verdict DeleteRecording(Actor actor) => HasOwnerAuthority(actor) ? Verdict.Allow : Verdict.Forbid(OnlyOwnersRecordings);

    /// <summary>Owners and PBX admins administer an organization; platform managers administer every organization.</summary>
    public static bool Administers(Actor actor) => actor.IsPlatformManager || actor.Role is OrgRole.Owner or OrgRole.PbxAdmin;

    public static bool HasOwnerAuthority(Actor actor) => actor.IsPlatformManager || actor.Role == OrgRole.Owner;

    public static bool CanReadAuditLog(Actor actor) => Administers(actor);

    /// <summary>May the actor give <paramref name="role"/> to a new member?</summary>
    public static Verdict AddMember(Actor actor, OrgRole role)
    {
        if (!Administers(actor)) return Verdict.Forbid(OnlyAdmins);
        if (!HasOwnerAuthority(actor) && !IsStaffRole(role)) return Verdict.Forbid(AdminGrants);
        return Verdict.Allow;
    }

    public static Verdict ChangeRole(Actor actor, MemberFacts target, OrgRole newRole, int activeOwners)
    {
        if (!Administers(actor)) return Verdict.Forbid(OnlyAdmins);
        if (IsSelf(actor, target)) return Verdict.Forbid(OwnRole);
        if (!CanManage(actor, target)) return Verdict.Forbid(AdminTargets);
        if (!HasOwnerAuthority(actor) && !IsStaffRole(newRole)) return Verdict.Forbid(AdminGrants);
        if (newRole != OrgRole.Owner && IsLastActiveOwner(target, activeOwners)) return Verdict.Conflict(LastOwnerDemote);
        return Verdict.Allow;
    }

    public static Verdict SetStatus(Actor actor, MemberFacts target, MembershipStatus newStatus, int activeOwners)
    {
        if (!Administers(actor)) return Verdict.Forbid(OnlyAdmins);
        if (IsSelf(actor, target) && newStatus != target.Status) return Verdict.Forbid(OwnStatus);
        if (!CanManage(actor, target)) return Verdict.Forbid(AdminTargets);
        if (newStatus == MembershipStatus.Inactive && IsLastActiveOwner(target, activeOwners)) return Verdict.Conflict(LastOwnerDeactivate);
        return Verdict.Allow;
    }

    public static Verdict DeleteMember(Actor actor, MemberFacts target, int activeOwners)
    {
        if (!Administers(actor)) return Verdict.Forbid(OnlyAdmins);
        if (IsSelf(actor, target)) return Verdict.Forbid(OwnDelete);
        if (!CanManage(actor, target)) return Verdict.Forbid(AdminTargets);
        if (IsLastActiveOwner(target, activeOwners)) return Verdict.Conflict(LastOwnerDelete);
        return Verdict.Allow;
    }

    /// <summary>Name and extension edits: anyone who may manage the member.</summary>
    public static Verdict EditMember(Actor actor, MemberFacts target)
    {
        if (IsSelf(actor, target)) return Verdict.Allow;
        if (!Administers(actor)) return Verdict.Forbid(OnlyAdmins);
        return CanManage(actor, target) ? Verdict.Allow : Verdict.Forbid(AdminTargets);
    }

    /// <summary>
    /// Changing another person's name, email or password (all three belong to the whole account, which other organizations
    /// see too): the actor must administer every organization the account belongs to, so one tenant cannot take over or
    /// rename a login another tenant relies on.
    /// </summary>
    public static Verdict ChangeCredentials(Actor actor, MemberFacts target, IReadOnlyCollection<Guid> targetOrganizations,
        IReadOnlyCollection<Guid> actorAdministers)
    {
        if (actor.IsPlatformManager || IsSelf(actor, target)) return Verdict.Allow;
        var edit = EditMember(actor, target);
        if (!edit.IsAllowed) return edit;
        return targetOrganizations.All(actorAdministers.Contains) ? Verdict.Allow : Verdict.Forbid(CrossTenantCredentials);
    }

    /// <summary>Seats, numbers, trunks and queues: creating one more must stay within the limit.</summary>
    public static Verdict WithinLimit(string what, int limit, int current, int adding = 1)
    {
        if (current + adding <= limit) return Verdict.Allow;
        return Verdict.Forbid($"The organization's limit of {Amount.Of(limit)} {what} is reached ({Amount.Of(current)} in use).",
            new Dictionary<string, object?> { ["limit"] = limit, ["current"] = current, ["resource"] = what });
    }

    /// <summary>API keys are managed by people with owner authority, never by another API key.</summary>
    public static Verdict ManageApiKeys(Actor actor) =>
        actor.AccountId is not null && HasOwnerAuthority(actor) ? Verdict.Allow : Verdict.Forbid(OnlyOwnersKeys);

    /// <summary>Contact details and compliance settings of the organization: owners (and keys acting with owner authority).</summary>
    public static Verdict ManageOrganizationSettings(Actor actor) =>
        HasOwnerAuthority(actor) ? Verdict.Allow : Verdict.Forbid(OnlyOwnersSettings);

    /// <summary>
    /// Webhook endpoints and their delivery log: owners (and keys acting with owner authority). Not PBX admins: an endpoint sends
    /// every call record of the organization out of Opbx, which is the owners' decision, like the compliance settings.
    /// </summary>
    public static Verdict ManageWebhooks(Actor actor) => HasOwnerAuthority(actor) ? Verdict.Allow : Verdict.Forbid(OnlyOwnersWebhooks);

    /// <summary>Extensions, ring groups, queues, outbound routes, emergency numbers, the organization's own trunks, numbers' destinations.</summary>
    public static Verdict ManagePbx(Actor actor) => Administers(actor) ? Verdict.Allow : Verdict.Forbid(OnlyPbxAdmins);

    /// <summary>Showing an extension's SIP password and voicemail PIN again: the people who manage the phone system.</summary>
    public static Verdict ViewSipCredentials(Actor actor) => ManagePbx(actor);

    /// <summary>"Deploy now": whoever manages the organization's phone system (saves deploy by themselves).</summary>
    public static Verdict DeployConfiguration(Actor actor) => ManagePbx(actor);

    /// <summary>A shared trunk carries every organization's calls: only platform managers change it.</summary>
    public static Verdict ManageTrunk(Actor actor, bool shared) =>
        !shared ? ManagePbx(actor) : actor.IsPlatformManager ? Verdict.Allow : Verdict.Forbid(OnlySharedTrunks);

    /// <summary>
    /// Adding, removing or re-trunking a number. An organization's own numbers arrive on its own trunks and are its admins'
    /// to manage; a platform number (on a shared trunk, or on none) comes from the provider's inventory, so only platform
    /// managers add, move or release it. Any admin of the holding organization may change where it rings (<see cref="ManagePbx"/>).
    /// </summary>
    public static Verdict ManageNumber(Actor actor, bool platformNumber) =>
        !platformNumber ? ManagePbx(actor) : actor.IsPlatformManager ? Verdict.Allow : Verdict.Forbid(PlatformNumbers);

    /// <summary>The inventory: every number on the platform, which organization holds it, assigning, moving and releasing.</summary>
    public static Verdict ManageNumberInventory(Actor actor) =>
        actor.IsPlatformManager ? Verdict.Allow : Verdict.Forbid(OnlyNumberInventory);

    public static Verdict ManagePlatform(Actor actor) =>
        actor.IsPlatformManager ? Verdict.Allow : Verdict.Forbid(OnlyPlatformManagers);

    /// <summary>"Run now" of the retention job: it deletes every organization's due call records and recordings at once.</summary>
    public static Verdict RunRetention(Actor actor) =>
        actor.IsPlatformManager ? Verdict.Allow : Verdict.Forbid(OnlyPlatformManagers);

    public static Verdict RevokePlatformManager(Actor actor, AccountFacts target, int activePlatformManagers)
    {
        if (!actor.IsPlatformManager) return Verdict.Forbid(OnlyPlatformManagers);
        if (actor.AccountId == target.AccountId) return Verdict.Forbid(OwnPlatformManager);
        if (target.IsPlatformManager && target.IsActive && activePlatformManagers <= 1) return Verdict.Conflict(LastPlatformManagerRevoke);
        return Verdict.Allow;
    }

    public static Verdict DeactivateAccount(Actor actor, AccountFacts target, int activePlatformManagers)
    {
        if (!actor.IsPlatformManager) return Verdict.Forbid(OnlyPlatformManagers);
        if (actor.AccountId == target.AccountId) return Verdict.Forbid(OwnDeactivate);
        if (target.IsPlatformManager && target.IsActive && activePlatformManagers <= 1) return Verdict.Conflict(LastPlatformManagerDeactivate);
        if (target.IsLastActiveOwnerSomewhere) return Verdict.Conflict(LastOwnerDeactivate);
        return Verdict.Allow;
    }

    public static Verdict DeleteAccount(Actor actor, AccountFacts target, int activePlatformManagers)
    {
        if (!actor.IsPlatformManager) return Verdict.Forbid(OnlyPlatformManagers);
        if (actor.AccountId == target.AccountId) return Verdict.Forbid(OwnDelete);
        if (target.IsPlatformManager && target.IsActive && activePlatformManagers <= 1) return Verdict.Conflict(LastPlatformManagerDelete);
        if (target.IsLastActiveOwnerSomewhere) return Verdict.Conflict(LastOwnerDelete);
        return Verdict.Allow;
    }

    // Questions the pages ask before offering a control: "may this actor do X to that member at all?" Each answer is the
    // verdict the action itself would give (same order of checks, same message), so what is hidden is what would be refused.

    /// <summary>The roles the actor may give a new member, in the product's order.</summary>
    public static IReadOnlyList<OrgRole> GrantableRoles(Actor actor) => Names.Roles.Where(r => AddMember(actor, r).IsAllowed).ToList();

    /// <summary>May the actor change <paramref name="target"/>'s role to any other role?</summary>
    public static Verdict MayChangeRole(Actor actor, MemberFacts target, int activeOwners)
    {
        var verdicts = Names.Roles.Where(r => r != target.Role).Select(r => ChangeRole(actor, target, r, activeOwners)).ToList();
        return verdicts.FirstOrDefault(v => v.IsAllowed, verdicts.FirstOrDefault(v => v.Outcome == Outcome.Conflict, verdicts[0]));
    }

    /// <summary>The roles a role control for <paramref name="target"/> may offer: their own, and every role the actor may change it to.</summary>
    public static IReadOnlyList<OrgRole> RolesToOffer(Actor actor, MemberFacts target, int activeOwners) =>
        Names.Roles.Where(r => r == target.Role || ChangeRole(actor, target, r, activeOwners).IsAllowed).ToList();

    /// <summary>May the actor switch <paramref name="target"/> between active and inactive?</summary>
    public static Verdict MayChangeStatus(Actor actor, MemberFacts target, int activeOwners) =>
        SetStatus(actor, target, target.Status == MembershipStatus.Active ? MembershipStatus.Inactive : MembershipStatus.Active, activeOwners);

    /// <summary>Everything a page may offer for one member, each with the reason when it may not.</summary>
    public static MemberOffer OfferFor(Actor actor, MemberFacts target, int activeOwners) => new(
        EditMember(actor, target),
        MayChangeRole(actor, target, activeOwners),
        MayChangeStatus(actor, target, activeOwners),
        DeleteMember(actor, target, activeOwners),
        RolesToOffer(actor, target, activeOwners));

    /// <summary>Everything an account's page may offer, each with the reason when it may not.</summary>
    public static AccountOffer OfferFor(Actor actor, AccountFacts target, int activePlatformManagers) => new(
        DeactivateAccount(actor, target, activePlatformManagers),
        RevokePlatformManager(actor, target, activePlatformManagers),
        DeleteAccount(actor, target, activePlatformManagers));

    /// <summary>
    /// Which call records the actor reads: owners, PBX admins, reporters, platform managers and API keys the organization's;
    /// PBX users the calls they made or received; nobody else any.
    /// </summary>
    public static CallRecordScope CallRecordsOf(Actor actor) =>
        actor.IsPlatformManager || actor.Role is OrgRole.Owner or OrgRole.PbxAdmin or OrgRole.Reporter ? CallRecordScope.Organization
        : actor.Role == OrgRole.PbxUser && actor.AccountId is not null ? CallRecordScope.Own
        : CallRecordScope.None;

    /// <summary>
    /// With the organization's pii_masking on, caller and callee numbers are masked for reporters and in everything that
    /// leaves Opbx (CSV exports, the API), whoever asks; platform managers reading as support see them like an owner.
    /// </summary>
    public static bool MasksCallNumbers(Actor actor, bool piiMasking, bool leavesOpbx) =>
        piiMasking && (leavesOpbx || (!actor.IsPlatformManager && actor.Role == OrgRole.Reporter));

    private static bool IsStaffRole(OrgRole role) => role is OrgRole.PbxUser or OrgRole.Reporter;

    private static bool IsSelf(Actor actor, MemberFacts target) => actor.AccountId == target.AccountId;

    private static bool CanManage(Actor actor, MemberFacts target) =>
        HasOwnerAuthority(actor) || (actor.Role == OrgRole.PbxAdmin && IsStaffRole(target.Role));

    private static bool IsLastActiveOwner(MemberFacts target, int activeOwners) =>
        target.Role == OrgRole.Owner && target.Status == MembershipStatus.Active && activeOwners <= 1;
}
