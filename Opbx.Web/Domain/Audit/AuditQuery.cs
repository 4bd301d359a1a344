namespace Opbx.Domain.Audit;

/// <summary>
/// Filters of the audit log. <see cref="Organization"/> narrows to organizations whose name contains the text (or to the
/// one whose id it is); <see cref="OrganizationId"/> to one organization. <see cref="AcrossOrganizations"/>: the platform's
/// log (every organization's entries); otherwise the current organization's, as the data layer's filter has it.
/// </summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Target = null, DateOnly? From = null, DateOnly? To = null,
    Guid? OrganizationId = null, int Page = 1, int PageSize = 50, string? Organization = null, bool AcrossOrganizations = false)
{
    /// <summary>Mistakes in the filters, by field: a period that ends before it starts finds nothing, and says so.</summary>
    public FieldErrors Check()
    {
        var errors = new FieldErrors();
        if (From is { } from && To is { } to && from > to)
            errors.Add(nameof(To), $"The period ends before it starts: choose a day on or after {from:yyyy-MM-dd}.");
        return errors;
    }
}
