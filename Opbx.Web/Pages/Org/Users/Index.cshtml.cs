using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org.Users;

/// <summary>One row of the users list, with what the visitor may do to that member, and the outcome of an action taken in the row.</summary>
public sealed record UserRow(MemberRow Member, MemberOffer Offer, string? Message = null, bool Refused = false);

/// <summary>The inline edit row: the values being edited, what may be changed, and, after a refused save, why.</summary>
public sealed record InlineEdit(MemberRow Row, MemberOffer Offer, string Name, string Role, string Status, string? Error);

[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(MemberService members, MemberCsv csv, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string Status { get; set; } = "active";
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true)] public string Sort { get; set; } = "name";
    [BindProperty(SupportsGet = true)] public string Order { get; set; } = "asc";
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<MemberRow> Result { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, MemberOffer> Offers { get; private set; } = new Dictionary<Guid, MemberOffer>();
    public SeatUsage Seats { get; private set; } = null!;
    public IReadOnlyList<BulkResult>? BulkResults { get; private set; }
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("user", "users"), "#results", p => Link(p));

    public Task OnGetAsync() => ReloadAsync();

    /// <summary>Why the filters in the address find nothing (an unknown role or status), as the API would say it; null when they are fine.</summary>
    public string? FilterError { get; private set; }

    public async Task ReloadAsync()
    {
        if (Query(PageNumber, 25) is not { } query)
        {
            Seats = await members.SeatsAsync(HttpContext.RequestAborted);
            Result = new Paged<MemberRow>([], 0, 1, 25);
            return;
        }
        (Result, Seats) = await members.ListWithSeatsAsync(query, HttpContext.RequestAborted);
        Offers = await members.OffersAsync(org.Actor, Result.Items, HttpContext.RequestAborted);
    }

    public UserRow RowOf(MemberRow member) => new(member, Offers[member.Id]);

    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (Query(1, int.MaxValue) is not { } query) return BadRequest(FilterError ?? "");
        await CsvDownload.WriteAsync(Response, $"{org.Organization!.Slug}-users-{DateTime.UtcNow:yyyyMMdd}.csv", w => csv.ExportAsync(query, w, HttpContext.RequestAborted));
        return new EmptyResult();
    }

    public async Task<IActionResult> OnGetRowAsync(Guid id) => RowPartial(await UserRowAsync(id));

    public async Task<IActionResult> OnGetEditRowAsync(Guid id)
    {
        var (row, offer, _, _) = await UserRowAsync(id);
        return Partial("_EditRow", new InlineEdit(row, offer, row.Name, Names.Of(row.Role), Names.Of(row.Status), null));
    }

    /// <summary>Saves the inline edit; a refused change keeps the row open with the reason in it.</summary>
    public async Task<IActionResult> OnPostSaveRowAsync(Guid id, string? name, string? role, string? status)
    {
        try
        {
            await members.UpdateAsync(org.Actor, id, new MemberUpdate { Name = name, Role = role, Status = status }, HttpContext.RequestAborted);
            return RowPartial(await UserRowAsync(id));
        }
        catch (Exception e) when (e is RuleViolationException or ValidationException)
        {
            var (row, offer, _, _) = await UserRowAsync(id);
            return Partial("_EditRow", new InlineEdit(row, offer, name ?? row.Name, role ?? Names.Of(row.Role), status ?? Names.Of(row.Status), e.Message));
        }
    }

    /// <summary>Sends the invitation again from the row; a refusal shows in the row.</summary>
    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        string? error = null;
        try
        {
            await members.ResendInvitationAsync(org.Actor, id, HttpContext.RequestAborted);
        }
        catch (RuleViolationException e)
        {
            error = e.Message;
        }
        return RowPartial(await UserRowAsync(id) with { Message = error ?? "Invitation sent.", Refused = error is not null });
    }

    /// <summary>One row, for htmx to swap in: the list's rows partial with a list of one.</summary>
    private PartialViewResult RowPartial(UserRow row) => Partial("_Rows", new[] { row });

    private async Task<UserRow> UserRowAsync(Guid id)
    {
        var row = await members.GetRowAsync(id, HttpContext.RequestAborted);
        var offers = await members.OffersAsync(org.Actor, [row], HttpContext.RequestAborted);
        return new UserRow(row, offers[row.Id]);
    }

    public async Task<IActionResult> OnPostBulkAsync(string? action, List<Guid> selected)
    {
        if (selected.Count == 0)
        {
            ModelState.AddModelError("", "Select at least one user first.");
            await ReloadAsync();
            return Page();
        }
        BulkResults = await members.BulkAsync(org.Actor, selected, action ?? "", HttpContext.RequestAborted);
        await ReloadAsync();
        return Page();
    }

    public string Link(int page, string? handler = null) => QueryHelpers.AddQueryString(org.Path("/Users"),
        new Dictionary<string, string?> { ["handler"] = handler, ["q"] = Q, ["status"] = Status, ["role"] = Role, ["sort"] = Sort, ["order"] = Order, ["page"] = page.ToString() }
            .Where(kv => !string.IsNullOrEmpty(kv.Value)));

    public string SortLink(string column) => QueryHelpers.AddQueryString(org.Path("/Users"),
        new Dictionary<string, string?> { ["q"] = Q, ["status"] = Status, ["role"] = Role, ["sort"] = column, ["order"] = Sort == column && Order == "asc" ? "desc" : "asc" }
            .Where(kv => !string.IsNullOrEmpty(kv.Value)));

    /// <summary>The list's query; null (and <see cref="FilterError"/> set) when a filter is not one of the product's words.</summary>
    private MemberListQuery? Query(int page, int size)
    {
        var errors = new FieldErrors();
        var (status, role) = MemberListQuery.ParseFilters(Status, Role, errors);
        if (errors.Any)
        {
            FilterError = string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            return null;
        }
        return new MemberListQuery(Q, status, role, Sort, Order == "desc", page, size);
    }
}
