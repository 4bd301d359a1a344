using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// Rules that count (the last owner, seats, max_api_keys, the last platform manager) hold when many requests arrive at once:
/// each service takes the write lock before it reads what it decides on. Every attempt runs in its own scope (its own
/// DbContext and connection), as concurrent requests do. Without the lock these tests fail (issue 10 measured 0 owners left,
/// several creates for one seat, keys past the limit and HTML 500s).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConcurrentWriteTests(OpbxApp app)
{
    private const int Attempts = 20;

    /// <summary>The outcomes a refused or lost attempt may have; anything else (a 500's exception) fails the test.</summary>
    private static async Task<bool> Attempt(Func<Task> work)
    {
        try
        {
            await work();
            return true;
        }
        catch (Exception e) when (e is RuleViolationException or NotFoundException)
        {
            return false;
        }
    }

    private static async Task<bool[]> AllAtOnce(int count, Func<int, Task> work)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await Attempt(() => work(i));
        })).ToList();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task TwoOwnersDemotingDeactivatingAndDeletingEachOtherLeaveExactlyOneOwner()
    {
        var admin = await app.AdminActorAsync();
        for (var round = 0; round < 3; round++)
        {
            var org = await app.CreateOrganizationAsync();
            var first = await app.InOrganizationAsync(org.Organization.Id, sp =>
                sp.GetRequiredService<OpbxDb>().Memberships.Where(m => m.AccountId == org.Owner.Id).Select(m => m.Id).SingleAsync());
            var second = (await app.AddMemberAsync(org.Organization.Id, "owner")).Id;
            Guid[] owners = [first, second];

            await AllAtOnce(Attempts, i => app.InOrganizationAsync(org.Organization.Id, sp =>
            {
                var members = sp.GetRequiredService<MemberService>();
                var target = owners[i % 2];
                return (i / 2 % 3) switch
                {
                    0 => members.UpdateAsync(admin, target, new MemberUpdate { Role = "pbx_admin" }),
                    1 => members.UpdateAsync(admin, target, new MemberUpdate { Status = "inactive" }),
                    _ => members.DeleteAsync(admin, target),
                };
            }));

            var left = await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().ActiveOwnersAsync(org.Organization.Id, CancellationToken.None));
            Assert.Equal(1, left);
        }
    }

    [Fact]
    public async Task TwentyCreatesForTheLastSeatAddExactlyOneMember()
    {
        var admin = await app.AdminActorAsync();
        // The owner holds one of the two seats.
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxUsers = 2);
        var results = await AllAtOnce(Attempts, i => app.InOrganizationAsync(org.Organization.Id, sp =>
            sp.GetRequiredService<MemberService>().AddAsync(admin, new NewMember
            {
                Name = $"Racer {i}",
                Email = $"racer-{i}-{Guid.NewGuid():N}@example.test",
                Role = "pbx_user",
                Password = "Member-password-1",
                SendInvitation = false,
            })));

        Assert.Equal(1, results.Count(r => r));
        var seats = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<MemberService>().SeatsAsync());
        Assert.Equal(new SeatUsage(2, 2), seats);
        var members = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OpbxDb>().Memberships.CountAsync());
        Assert.Equal(2, members);
    }

    [Fact]
    public async Task ApiKeyCreatesAtTheLimitNeverGoPastIt()
    {
        // The organization's default key is one of the five.
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxApiKeys = 5);
        var owner = Actor.Person(org.Owner.Id, false, OrgRole.Owner);
        var results = await AllAtOnce(Attempts, i => app.InOrganizationAsync(org.Organization.Id, sp =>
            sp.GetRequiredService<ApiKeyService>().CreateAsync(owner, $"Key {i}", ["users:read"])));

        Assert.Equal(4, results.Count(r => r));
        var keys = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OpbxDb>().ApiKeys.CountAsync());
        Assert.Equal(5, keys);
    }

    [Fact]
    public async Task RevokingAndDeactivatingTheLastTwoPlatformManagersAtOnceLeavesOne()
    {
        var adminId = await app.AdminIdAsync();
        var admin = await app.AdminActorAsync();
        var second = await app.CreatePlatformManagerAsync();
        // Make the admin and the new manager the last two: other tests' managers step down for the race and come back after.
        var others = await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().Users
            .Where(a => a.IsPlatformManager && a.IsActive && a.Id != adminId && a.Id != second.Id).Select(a => a.Id).ToListAsync());
        foreach (var id in others) await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetPlatformManagerAsync(admin, id, false));
        try
        {
            Guid[] managers = [adminId, second.Id];
            await AllAtOnce(Attempts, i => app.WithScopeAsync(sp =>
            {
                // Each manager acts on the other: nobody may revoke or deactivate themselves.
                var actor = Actor.Person(managers[i % 2], true, null);
                var target = managers[(i + 1) % 2];
                var accounts = sp.GetRequiredService<AccountService>();
                return i / 2 % 2 == 0 ? accounts.SetPlatformManagerAsync(actor, target, false) : accounts.SetActiveAsync(actor, target, false);
            }));

            var left = await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().ActivePlatformManagersAsync(CancellationToken.None));
            Assert.Equal(1, left);
        }
        finally
        {
            // The admin is every other test's platform manager: restored whatever happened.
            foreach (var id in others.Append(adminId))
            {
                await app.WithScopeAsync(async sp =>
                {
                    var accounts = sp.GetRequiredService<AccountService>();
                    await accounts.SetActiveAsync(admin, id, true);
                    await accounts.SetPlatformManagerAsync(admin, id, true);
                });
            }
        }
    }

    [Fact]
    public async Task PatchesOfAMemberBeingDeletedAnswerNotFoundOrConflictNever500()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxUsers = 50);
        using var api = ApiClient.Key(app, org);
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 4; round++)
        {
            var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
            using var start = new ManualResetEventSlim();
            var requests = Enumerable.Range(0, Attempts).Select(i => Task.Run(async () =>
            {
                start.Wait();
                using var response = i == Attempts / 2
                    ? await api.DeleteAsync($"/api/v1/users/{member.Id}")
                    : await api.PatchAsync($"/api/v1/users/{member.Id}", i % 2 == 0 ? new { name = $"Renamed {i}" } : (object)new { role = "reporter" });
                return response.StatusCode;
            })).ToList();
            start.Set();
            statuses.AddRange(await Task.WhenAll(requests));
        }

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Conflict }));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.NoContent));
    }
}
