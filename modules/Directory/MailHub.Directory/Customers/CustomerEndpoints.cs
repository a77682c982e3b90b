using System.Security.Claims;
using System.Text.Json.Serialization;
using MailHub.Core.Accounts;
using MailHub.Core.Http;
using MailHub.People.Http;
using MailHub.People.Members;
using MailHub.Routing.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailHub.People.Customers;

internal static class CustomerEndpoints
{
    public sealed record CustomerRequest(string? Name, string? Company, string? Phone, string? Notes, IReadOnlyList<string>? Emails);

    public sealed record MergeRequest(Guid? OtherId);

    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    /// <summary>A customer as the API shows it; <see cref="Conversations"/> only on the single-customer read.</summary>
    internal sealed record CustomerView(
        Guid Id, string Name, string? Company, string? Phone, string? Notes, IReadOnlyList<string> Emails, IReadOnlyList<Contact> Contacts,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CustomerConversation>? Conversations = null);

    public static CustomerView View(Customer customer, IReadOnlyList<CustomerConversation>? conversations = null) => new(
        customer.Id, customer.Name, customer.Company, customer.Phone, customer.Notes, customer.Contacts.Select(c => c.Email).ToList(),
        customer.Contacts, customer.CreatedAt, customer.UpdatedAt, conversations);

    public static void MapCustomers(this IEndpointRouteBuilder directory)
    {
        var customers = directory.MapGroup("/customers");

        customers.MapGet("", async (string? q, int? limit, int? offset, CustomerStore store, CancellationToken cancellationToken) =>
        {
            var page = Math.Clamp(limit ?? DefaultPageSize, 1, MaxPageSize);
            var found = await store.SearchAsync(SqlText.Clean(q), page, Math.Max(0, offset ?? 0), cancellationToken);
            return found.Select(c => View(c));
        })
        .WithSummary("Customers whose name, company or e-mail contains q (any script, e.g. 张 or acme); limit (≤ 200) and offset page.");

        customers.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal user, IConversationAccess access, CustomerStore store,
            CancellationToken cancellationToken) =>
        {
            var customer = await store.FindAsync(id, cancellationToken);
            if (customer is null)
                return Problems.NotFound("customer", id);
            var conversations = await store.ConversationsOfAsync(customer.Id, cancellationToken);
            var visible = await access.VisibleAsync(user, conversations.Select(c => c.ConversationId), cancellationToken); // only the caller's teams'
            conversations = conversations.Where(c => visible.Contains(c.ConversationId)).ToList();
            return Results.Ok(View(customer, conversations));
        })
        .WithSummary("A customer with its contacts and conversations. The id of a customer merged away answers with the survivor.");

        customers.MapPost("", async (CustomerRequest request, CustomerStore store, CancellationToken cancellationToken) =>
        {
            var errors = Validate(request, creating: true);
            if (errors.Any)
                return errors.ToResult();
            var emails = CleanEmails(request.Emails);
            var fields = new CustomerFields(SqlText.Clean(request.Name) ?? CustomerStore.NameFor(emails[0], null),
                SqlText.Clean(request.Company), SqlText.Clean(request.Phone), SqlText.Clean(request.Notes));
            try
            {
                var customer = await store.CreateAsync(fields, emails, cancellationToken);
                return Results.Created($"/api/directory/customers/{customer.Id}", View(customer));
            }
            catch (ContactTakenException taken)
            {
                return Problems.Conflict("emails", taken.Message);
            }
        })
        .WithSummary("Create a customer with one or more e-mail addresses.");

        customers.MapPut("/{id:guid}", async (Guid id, CustomerRequest request, CustomerStore store, CancellationToken cancellationToken) =>
        {
            var current = await store.FindAsync(id, cancellationToken);
            if (current is null)
                return Problems.NotFound("customer", id);
            var errors = Validate(request, creating: false);
            if (errors.Any)
                return errors.ToResult();
            var fields = new CustomerFields(
                SqlText.Clean(request.Name) ?? current.Name,
                request.Company is null ? current.Company : SqlText.Clean(request.Company),
                request.Phone is null ? current.Phone : SqlText.Clean(request.Phone),
                request.Notes is null ? current.Notes : SqlText.Clean(request.Notes));
            try
            {
                var customer = await store.UpdateAsync(current.Id, fields, request.Emails is null ? null : CleanEmails(request.Emails), cancellationToken);
                return customer is null ? Problems.NotFound("customer", id) : Results.Ok(View(customer));
            }
            catch (ContactTakenException taken)
            {
                return Problems.Conflict("emails", taken.Message);
            }
        })
        .WithSummary("Edit a customer. Fields left out stay; emails, when given, is the customer's whole list of addresses.");

        customers.MapPost("/{id:guid}/merge", async (Guid id, MergeRequest request, ClaimsPrincipal user, CustomerStore store,
            CancellationToken cancellationToken) =>
        {
            if (request.OtherId is not { } otherId)
                return Problems.Invalid("otherId", "Give otherId: the customer to fold into this one.");
            var outcome = await store.MergeAsync(id, otherId, user.AccountId(), cancellationToken);
            return outcome switch
            {
                MergeOutcome.Merged or MergeOutcome.AlreadyMerged => Results.Ok(View((await store.FindAsync(id, cancellationToken))!)),
                MergeOutcome.SameCustomer => Problems.Invalid("otherId", "A customer cannot merge with itself: give another customer's id."),
                MergeOutcome.SurvivorWasMerged => Problems.Conflict("id",
                    $"Customer {id} was itself merged into another customer: merge into that one (GET /api/directory/customers/{id} shows it)."),
                MergeOutcome.OtherWasMergedElsewhere => Problems.Conflict("otherId",
                    $"Customer {otherId} was already merged into another customer: merge that one instead."),
                _ => Problems.NotFound("customer", await store.ResolveAsync(id, cancellationToken) is null ? id : otherId),
            };
        })
        .WithSummary("Fold otherId into this customer: its contacts and conversations move here and its id answers with this customer.");
    }

    private static FieldErrors Validate(CustomerRequest request, bool creating)
    {
        var errors = new FieldErrors();
        if (request.Name is not null && string.IsNullOrWhiteSpace(request.Name))
            errors.Add("name", "A customer's name cannot be blank: leave it out to keep the current one.");
        if (creating && SqlText.Clean(request.Name) is null && (request.Emails is null || request.Emails.Count == 0))
            errors.Add("name", "Give the customer a name or at least one e-mail address.");
        foreach (var email in request.Emails ?? [])
        {
            if (string.IsNullOrWhiteSpace(email) || !MemberRules.IsEmail(email.Trim()))
                errors.Add("emails", $"'{email}' is not an e-mail address: write it like li.lei@example.cn.");
        }
        return errors;
    }

    private static List<string> CleanEmails(IReadOnlyList<string>? emails) =>
        (emails ?? []).Select(e => e.Trim()).DistinctBy(e => e.ToUpperInvariant()).ToList();
}
