using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Web.Errors;

/// <summary>
/// One place that turns domain refusals into ProblemDetails for the API: 400 field errors, 403 rule or limit, 404, 409, and
/// 503 with Retry-After when the database is busy or full. Pages get the same statuses as styled pages (<see cref="ErrorResponses"/>).
/// </summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var status = ErrorResponses.StatusFor(exception);
        // The request id is what the person sees on the error page or in the ProblemDetails body (traceId).
        if (status >= 500)
        {
            // For pages the path is already the error page's; the feature keeps the one that failed.
            var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value;
            logger.LogError("Request {RequestId} {Method} {Path} failed ({Status}): {Exception}: {Message}", ErrorResponses.RequestId(context),
                context.Request.Method, path, status, exception.GetType().Name, exception.GetBaseException().Message);
        }
        ErrorResponses.AddRetryAfter(context.Response, exception);
        if (!ErrorResponses.IsApi(context.Request)) return false;
        ProblemDetails? details = exception switch
        {
            ValidationException v => Invalid(v),
            NotFoundException n => new ProblemDetails { Status = 404, Title = "Not found", Detail = n.Message },
            RuleViolationException r => Rule(r.Verdict),
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = ReasonPhrases.GetReasonPhrase(b.StatusCode), Detail = b.Message },
            System.Text.Json.JsonException j => new ProblemDetails { Status = 400, Title = "The request body is not valid JSON.", Detail = j.Message },
            _ when DatabaseFault.Of(exception) is { } kind => new ProblemDetails { Status = 503, Title = DatabaseFault.Title(kind), Detail = DatabaseFault.Message(kind) },
            _ => null,
        };
        // Anything else: the exception handler middleware writes a plain 500 ProblemDetails (title and traceId, no stack trace).
        if (details is null) return false;
        context.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    /// <summary>The messages are in <c>errors</c>, once each; the detail only says which fields to look at.</summary>
    private static ValidationProblemDetails Invalid(ValidationException v)
    {
        var errors = v.Errors.ToDictionary(e => Json.Name(e.Key), e => e.Value.Distinct().ToArray());
        var fields = string.Join(", ", errors.Keys.Select(k => k.Length == 0 ? "(the request)" : k));
        return new ValidationProblemDetails(errors)
        {
            Status = 400,
            Title = "The request has invalid fields.",
            Detail = errors.Count == 1 ? $"See the error for {fields}." : $"See the errors for {fields}.",
        };
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
