using System.Text.Json;
using FastEndpoints;
using FluentValidation;
using MailHub.Campaigns.Suppressions;
using MailHub.People.Contracts;
using Microsoft.AspNetCore.Http;

namespace MailHub.Campaigns.Audiences;

/// <summary>An audience from the directory's customers: the list's name, the filter (every condition given must hold), and apply=false to preview.</summary>
internal sealed record DirectoryAudienceRequest(string? Name, IReadOnlyList<string>? Tags, string? Company, DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore, DateTimeOffset? LastConversationAfter, DateTimeOffset? LastConversationBefore, bool? Apply);

/// <summary>One member an import would take, as a preview shows it.</summary>
internal sealed record AudienceSampleRow(int Row, string Email, string? Name, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// What was (or, previewed, would be) imported: as the upload answers (<c>errors</c> lists at most the first 1,000 rows
/// skipped; <c>skipped</c> counts them all), with the first rows in <c>sample</c> (a preview only).
/// </summary>
internal sealed record DirectoryAudienceResponse(Guid? Id, string Name, bool Applied, int Imported, int Skipped, IReadOnlyList<string> Fields,
    IReadOnlyList<AudienceRowError> Errors, IReadOnlyList<AudienceSampleRow> Sample);

internal sealed class DirectoryAudienceValidator : Validator<DirectoryAudienceRequest>
{
    public DirectoryAudienceValidator()
    {
        RuleFor(r => r.Name).Must(n => !string.IsNullOrWhiteSpace(n)).When(r => r.Apply != false)
            .WithMessage("Give the list a name, e.g. \"VIP customers\".");
        RuleFor(r => r.Name).MaximumLength(200).WithMessage("Keep the list's name to 200 characters.");
        RuleFor(r => r.Tags).Must(t => t!.Count <= 50 && t.All(x => !string.IsNullOrWhiteSpace(x))).When(r => r.Tags is not null)
            .WithMessage("Give at most 50 tags, none empty (customers with any of them are taken).");
        RuleFor(r => r.Company).MaximumLength(200).WithMessage("Keep the company to 200 characters.");
        RuleFor(r => r.CreatedBefore).GreaterThan(r => r.CreatedAfter).When(r => r.CreatedAfter is not null && r.CreatedBefore is not null)
            .WithMessage("createdBefore must be later than createdAfter.");
        RuleFor(r => r.LastConversationBefore).GreaterThan(r => r.LastConversationAfter)
            .When(r => r.LastConversationAfter is not null && r.LastConversationBefore is not null)
            .WithMessage("lastConversationBefore must be later than lastConversationAfter.");
    }
}

/// <summary>
/// POST /api/campaigns/audiences/directory: an audience from the directory's customers, read through the Directory's
/// <see cref="ICustomerAudience"/> contract as a stream: checked and written in chunks, never all held at once.
/// </summary>
internal sealed class DirectoryAudience(ICustomerAudience customers, AudienceStore audiences, SuppressionStore suppressions)
    : Endpoint<DirectoryAudienceRequest, DirectoryAudienceResponse>
{
    private const int Chunk = 1_000;
    private const int MaxErrors = 1_000;
    private const int SampleRows = 20;
    private static readonly IReadOnlyList<string> Fields = ["company"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override void Configure()
    {
        Post("/campaigns/audiences/directory");
        Roles(Core.Accounts.Roles.Admin);
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK)
            .Produces<DirectoryAudienceResponse>(StatusCodes.Status200OK, "application/json")
            .Produces<DirectoryAudienceResponse>(StatusCodes.Status201Created, "application/json"));
        Summary(s =>
        {
            s.Summary = "An audience from the directory's customers (admins): filtered by tag, company, creation and last conversation; preview or import.";
            s.Description = "Every condition given must hold: tags (any of them), company (contains, ignoring case), createdAfter/createdBefore, "
                + "lastConversationAfter/lastConversationBefore. Each address of a matching customer is a member with its customer's "
                + "name and the merge field company. Suppressed and invalid addresses are skipped with their reason (row = the "
                + "address's place in the directory's order, column email), in Chinese when Accept-Language asks for it; errors "
                + "lists the first 1,000, skipped counts all. apply=false previews: id null, the counts and the first 20 rows in "
                + "sample, nothing stored. Answers 201 with the new audience's id when imported.";
        });
    }

    public override async Task HandleAsync(DirectoryAudienceRequest request, CancellationToken cancellationToken)
    {
        var chinese = Language.PrefersChinese(HttpContext.Request);
        var apply = request.Apply ?? true;
        var name = (request.Name ?? "").Trim();
        var filter = new CustomerFilter(request.Tags, request.Company, request.CreatedAfter, request.CreatedBefore, request.LastConversationAfter,
            request.LastConversationBefore);
        var errors = new List<AudienceRowError>();
        var sample = new List<AudienceSampleRow>();
        var imported = 0;
        var skipped = 0;

        // The customers as they come, a chunk at a time: addresses checked, the chunk's suppressions looked up in one query.
        async IAsyncEnumerable<AudienceRow> Checked()
        {
            var chunk = new List<(int Row, CustomerAddress Customer)>(Chunk);
            var row = 0;
            await foreach (var customer in customers.StreamAsync(filter, cancellationToken))
            {
                chunk.Add((++row, customer));
                if (chunk.Count < Chunk)
                    continue;
                foreach (var good in await CheckAsync(chunk))
                    yield return good;
                chunk.Clear();
            }
            foreach (var good in await CheckAsync(chunk))
                yield return good;
        }

        async Task<List<AudienceRow>> CheckAsync(List<(int Row, CustomerAddress Customer)> chunk)
        {
            var normalized = chunk.Select(c => (c.Row, c.Customer, Email: AudienceImport.Normalize(c.Customer.Email))).ToList();
            var suppressed = await suppressions.LookupAsync(normalized.Select(n => n.Email).OfType<string>(), cancellationToken);
            var good = new List<AudienceRow>(chunk.Count);
            foreach (var (row, customer, email) in normalized)
            {
                var (reason, detail) = email is null ? (RowReasons.Invalid, customer.Email)
                    : suppressed.TryGetValue(email, out var why) ? (RowReasons.Suppressed, why) : (null, null);
                if (reason is not null)
                {
                    skipped++;
                    if (errors.Count < MaxErrors)
                        errors.Add(new AudienceRowError(row, "email", reason, RowReasons.Describe(reason, detail, chinese)));
                    continue;
                }
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                if (!string.IsNullOrWhiteSpace(customer.Company))
                    fields["company"] = customer.Company;
                imported++;
                var member = new AudienceRow(row, email!, customer.Name, fields);
                if (sample.Count < SampleRows)
                    sample.Add(new AudienceSampleRow(row, member.Email, member.Name, fields));
                good.Add(member);
            }
            return good;
        }

        if (!apply)
        {
            await foreach (var _ in Checked())
            {
            }
            await Send.OkAsync(new DirectoryAudienceResponse(null, name, false, imported, skipped, Fields, errors, sample), cancellationToken);
            return;
        }
        var id = await audiences.CreateStreamingAsync(name, "directory", JsonSerializer.Serialize(filter, Json), Fields, Checked(), cancellationToken);
        HttpContext.Response.Headers.Location = $"/api/campaigns/audiences/{id}";
        await Send.ResponseAsync(new DirectoryAudienceResponse(id, name, true, imported, skipped, Fields, errors, []), StatusCodes.Status201Created,
            cancellationToken);
    }
}
