using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Web;

/// <summary>One place that turns domain refusals into ProblemDetails: 400 field errors, 403 rule or limit, 404, 409.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails? details = exception switch
        {
            ValidationException v => new ValidationProblemDetails(v.Errors.ToDictionary(e => Json.Name(e.Key), e => e.Value))
            {
                Status = 400,
                Title = "The request has invalid fields.",
                Detail = v.Message,
            },
            NotFoundException n => new ProblemDetails { Status = 404, Title = "Not found", Detail = n.Message },
            RuleViolationException r => Rule(r.Verdict),
            Microsoft.AspNetCore.Http.BadHttpRequestException b => new ProblemDetails { Status = 400, Title = "Bad request", Detail = b.Message },
            System.Text.Json.JsonException j => new ProblemDetails { Status = 400, Title = "The request body is not valid JSON.", Detail = j.Message },
            _ => null,
        };
        if (details is null) return false;
        context.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    private static ProblemDetails Rule(Verdict verdict)
    {
        var status = verdict.Outcome switch
        {
            Outcome.Conflict => 409,
            Outcome.NotFound => 404,
            _ => 403,
        };
        var details = new ProblemDetails { Status = status, Title = status == 409 ? "Conflict" : "Forbidden", Detail = verdict.Message };
        foreach (var (key, value) in verdict.Data ?? new Dictionary<string, object?>()) details.Extensions[key] = value;
        return details;
    }
}
