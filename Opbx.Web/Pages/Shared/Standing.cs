using Microsoft.AspNetCore.Html;
using Opbx.Domain.People;
using Opbx.Domain.Values;

namespace Opbx.Pages.Shared;

/// <summary>
/// Status dots in words: an organization's or a membership's status, an account's or a member's standing (invited, waiting
/// for a password, active, inactive). Plain methods rather than partial views, because lists show one per row: a partial
/// costs a view lookup, a view context and a page instance each time it is rendered. Text goes through the encoder.
/// </summary>
public static class Standing
{
    /// <summary>The dot and the word for "active", "suspended" or anything else (inactive).</summary>
    public static IHtmlContent Dot(string status) => status switch
    {
        "active" => Status("dot-active", "Active"),
        "suspended" => Status("dot-suspended", "Suspended"),
        _ => Status("dot-inactive", "Inactive"),
    };

    /// <summary>A member: invited (sent when, link valid until), no password yet, or the membership's status.</summary>
    public static IHtmlContent Of(MemberRow member, DateTimeOffset now)
    {
        if (member.Status == MembershipStatus.Active && member.InvitedAt is { } sent) return Invited(sent, now);
        if (member.Status == MembershipStatus.Active && member.AwaitsPassword) return NoPassword("not invited: send an invitation");
        return Dot(Names.Of(member.Status));
    }

    /// <summary>An account: deactivated, invited (sent when, link valid until), no password yet, or active.</summary>
    public static IHtmlContent Of(bool isActive, bool hasPassword, DateTimeOffset? invitedAt, DateTimeOffset now)
    {
        if (!isActive) return Dot("inactive");
        if (!hasPassword && invitedAt is { } sent) return Invited(sent, now);
        if (!hasPassword) return NoPassword(null);
        return Dot("active");
    }

    private static IHtmlContent Invited(DateTimeOffset sent, DateTimeOffset now)
    {
        var expires = sent + InvitationLinks.ValidFor;
        var link = expires > now ? "link works " + Ago.Until(expires, now) : "link expired " + Ago.Of(expires, now);
        return new HtmlContentBuilder(4)
            .AppendHtml(Status("dot-invited", "Invited"))
            .AppendHtml("<div class=\"small muted\">").Append($"sent {Ago.Of(sent, now)} · {link}").AppendHtml("</div>");
    }

    private static IHtmlContent NoPassword(string? note)
    {
        var html = new HtmlContentBuilder(4).AppendHtml(Status("dot-warning", "No password yet"));
        return note is null ? html : html.AppendHtml("<div class=\"small muted\">").Append(note).AppendHtml("</div>");
    }

    // Only the fixed words above reach this: it writes them as markup.
    private static HtmlString Status(string dot, string label) =>
        new($"<span class=\"status\"><span class=\"dot {dot}\" aria-hidden=\"true\"></span>{label}</span>");
}
