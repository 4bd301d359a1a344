using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

[Collection(AppCollection.Name)]
public sealed class LegacyExtensionsTests(OpbxApp app)
{
    /// <summary>Extensions from before credentials were issued (the migration drops the old plain secret) get theirs at start-up.</summary>
    [Fact]
    public async Task StartUpIssuesMissingCredentials()
    {
        var kit = await PbxTestKit.NewAsync(app);
        var account = await kit.ExtensionAsync("901");
        await kit.InAsync(sp => sp.GetRequiredService<OpbxDb>().Database
            .ExecuteSqlAsync($"UPDATE Extensions SET SipPassword = '', VoicemailPin = '' WHERE Id = {account.ExtensionId}"));

        await FirstRunSetup.PrepareDatabaseAsync(app.Services);

        var extension = await kit.InAsync(sp => sp.GetRequiredService<OpbxDb>().Extensions.AsNoTracking().SingleAsync(x => x.Id == account.ExtensionId));
        var credentials = app.Services.GetRequiredService<SipCredentials>();
        Assert.True(SipCredentials.IsAcceptablePassword(credentials.Reveal(extension.SipPassword)));
        Assert.True(SipCredentials.IsAcceptablePin(credentials.Reveal(extension.VoicemailPin)));
        Assert.Equal(account.Username, extension.SipUsername);
    }
}
