using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Domain.People;

namespace Opbx.Web.Tenancy;

/// <summary>
/// Every page whose route has {org}: the visitor must be an active member of that active organization (or a platform
/// manager, which reaches across explicitly and is recorded in the organization's audit log); otherwise 404, as if it
/// did not exist. Enters the organization in the data layer, so all queries of the request are filtered to it, then
/// checks the page's <see cref="OrgAccessAttribute"/>. Fails closed: a page under /Org without the route value is refused.
/// </summary>
public sealed class OrganizationScopeFilter(CurrentUser current, TenantContext tenant, OrgContext org, OpbxDb db, AuditLog audit) : IAsyncPageFilter
{
    // Each page model's required access, read from its attribute once (not by reflection on every request).
    private static readonly ConcurrentDictionary<Type, OrgAccess> Required = new();

    public async Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context)
    {
        var path = context.ActionDescriptor.ViewEnginePath;
        if (!path.StartsWith("/Org/", StringComparison.Ordinal)) return;
        if (!Guid.TryParse(context.RouteData.Values["org"] as string, out var id)) return;
        var membership = current.UsableMemberships.FirstOrDefault(m => m.OrganizationId == id);
        if (membership is null && !current.IsPlatformManager) return;
        org.Organization = membership?.Organization ?? await OrganizationAsync(id, context.HttpContext.RequestAborted);
        if (org.Organization is null) return;
        org.Role = membership?.Role;
        org.IsPlatformManager = current.IsPlatformManager;
        org.AccountId = current.Id;
        tenant.Enter(id);
        if (membership is null) await audit.RecordSupportAccessAsync(org.Organization, context.HttpContext.RequestAborted);
    }

    // A platform manager's every page of an organization reads it: compiled once (Data/CompiledQuery), found by its key.
    private static readonly CompiledQuery<Guid, Organization> ById = new((db, id) => db.Organizations.AsNoTracking().Where(o => o.Id == id));

    private async Task<Organization?> OrganizationAsync(Guid id, CancellationToken ct) => await ById.Run(db, id).FirstOrDefaultAsync(ct);

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.ActionDescriptor.ViewEnginePath.StartsWith("/Org/", StringComparison.Ordinal)
            && context.ActionDescriptor.ViewEnginePath != "/Org/Index")
        {
            if (org.Organization is null)
            {
                context.Result = new NotFoundResult();
                return;
            }
            var required = Required.GetOrAdd(context.HandlerInstance.GetType(), type => type.GetCustomAttributes(typeof(OrgAccessAttribute), true)
                .Cast<OrgAccessAttribute>().FirstOrDefault()?.Access ?? OrgAccess.Admin);
            if (!org.May(required))
            {
                context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                return;
            }
        }
        await next();
    }
}
