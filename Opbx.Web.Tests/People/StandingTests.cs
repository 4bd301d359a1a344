using Microsoft.AspNetCore.Html;
using Opbx.Pages.Shared;

namespace Opbx.Tests.People;

/// <summary>The status words of the user lists, written without a partial view per row.</summary>
public sealed class StandingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Html(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }

    private static MemberRow Member(MembershipStatus status, bool hasPassword = true, DateTimeOffset? invitedAt = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Ana <b>", "ana@example.test", OrgRole.PbxUser, status, null, false, null, null,
            HasPassword: hasPassword, InvitedAt: invitedAt);

    [Theory]
    [InlineData("active", "dot-active", "Active")]
    [InlineData("suspended", "dot-suspended", "Suspended")]
    [InlineData("inactive", "dot-inactive", "Inactive")]
    [InlineData("<script>", "dot-inactive", "Inactive")]
    public void A_status_is_a_dot_and_a_word(string status, string dot, string word) =>
        Assert.Equal($"<span class=\"status\"><span class=\"dot {dot}\" aria-hidden=\"true\"></span>{word}</span>", Html(Standing.Dot(status)));

    [Fact]
    public void An_invited_member_shows_when_the_invitation_was_sent_and_how_long_its_link_works()
    {
        var html = Html(Standing.Of(Member(MembershipStatus.Active, hasPassword: false, invitedAt: Now.AddHours(-2)), Now));
        Assert.Contains("dot-invited", html);
        Assert.Contains("Invited", html);
        Assert.Contains("sent 2 hours ago", html);
        Assert.Contains("link works", html);
    }

    [Fact]
    public void A_member_without_a_password_or_invitation_is_told_to_be_invited()
    {
        var html = Html(Standing.Of(Member(MembershipStatus.Active, hasPassword: false), Now));
        Assert.Contains("No password yet", html);
        Assert.Contains("not invited: send an invitation", html);
    }

    [Fact]
    public void An_inactive_member_is_inactive_whatever_the_invitation_says() =>
        Assert.Contains("Inactive", Html(Standing.Of(Member(MembershipStatus.Inactive, hasPassword: false, invitedAt: Now), Now)));

    [Theory]
    [InlineData(false, true, false, "Inactive")]
    [InlineData(true, false, true, "Invited")]
    [InlineData(true, false, false, "No password yet")]
    [InlineData(true, true, false, "Active")]
    public void An_account_standing(bool active, bool hasPassword, bool invited, string word) =>
        Assert.Contains(word, Html(Standing.Of(active, hasPassword, invited ? Now.AddDays(-1) : null, Now)));
}
