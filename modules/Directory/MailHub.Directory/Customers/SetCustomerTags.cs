using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace MailHub.People.Customers;

internal sealed record SetCustomerTagsRequest([property: RouteParam] Guid Id, IReadOnlyList<string> Tags);

internal sealed record CustomerTagsResponse(Guid Id, IReadOnlyList<string> Tags);

internal sealed class SetCustomerTagsValidator : Validator<SetCustomerTagsRequest>
{
    public const int MaxTags = 50;

    public SetCustomerTagsValidator() =>
        RuleFor(r => r.Tags).NotNull().WithMessage("Give the tags as a list (empty removes them all).")
            .Must(t => t is null || (t.Count <= MaxTags && t.All(x => !string.IsNullOrWhiteSpace(x) && x.Trim().Length <= 50)))
            .WithMessage($"At most {MaxTags} tags, each 1 to 50 characters.");
}

/// <summary>PUT /api/directory/customers/{id}/tags: the customer's whole list of tags (campaign audiences filter by them).</summary>
internal sealed class SetCustomerTags(NpgsqlDataSource dataSource) : Endpoint<SetCustomerTagsRequest, CustomerTagsResponse>
{
    public override void Configure()
    {
        Put("/directory/customers/{id:guid}/tags");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s =>
        {
            s.Summary = "Set a customer's tags.";
            s.Description = "Replaces the tags with the list given (trimmed, each once; at most 50, each up to 50 characters). Campaign "
                + "audiences from the directory filter customers by tag (POST /api/campaigns/audiences/directory). The id of a merged "
                + "customer sets the survivor's. 404 when there is no such customer.";
        });
    }

    public override async Task HandleAsync(SetCustomerTagsRequest request, CancellationToken cancellationToken)
    {
        var tags = request.Tags.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        await using var command = dataSource.CreateCommand("""
            UPDATE directory.customers SET tags = $2, updated_at = now()
            WHERE id = (SELECT coalesce(merged_into, id) FROM directory.customers WHERE id = $1) RETURNING id
            """);
        command.Parameters.Add(new() { Value = request.Id });
        command.Parameters.Add(new() { Value = tags });
        if (await command.ExecuteScalarAsync(cancellationToken) is not Guid id)
        {
            await Send.ResultAsync(Problems.NotFound("customer", request.Id));
            return;
        }
        await Send.OkAsync(new CustomerTagsResponse(id, tags), cancellationToken);
    }
}
