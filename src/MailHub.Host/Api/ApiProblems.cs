using System.Text.Json;
using FastEndpoints;
using FluentValidation.Results;

namespace MailHub.Host.Api;

/// <summary>
/// Validation failures answer as RFC 9457 problem details with <c>errors</c> keyed by the request field's JSON path
/// (<c>inbound.port</c>, <c>recipients[0]</c>): the same shape as the product's own refusals (MailHub.Core.Http.Problems),
/// so a client reads one shape whichever check refused it.
/// </summary>
internal static class ApiProblems
{
    public static void Configure(ErrorOptions errors)
    {
        errors.ProducesMetadataType = typeof(HttpValidationProblemDetails);
        errors.ResponseBuilder = (failures, context, statusCode) => new HttpValidationProblemDetails(KeyedByField(failures))
        {
            Status = statusCode,
            Type = statusCode == StatusCodes.Status400BadRequest ? "https://tools.ietf.org/html/rfc9110#section-15.5.1" : null,
            Detail = "Correct the fields named in errors and send the request again.",
            Instance = context.Request.Path,
        };
    }

    private static Dictionary<string, string[]> KeyedByField(IEnumerable<ValidationFailure> failures) => failures
        .GroupBy(f => FieldPath(f.PropertyName), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);

    /// <summary><c>Inbound.Port</c> → <c>inbound.port</c>, as the field is named in the JSON body.</summary>
    public static string FieldPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
