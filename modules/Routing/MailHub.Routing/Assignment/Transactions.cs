using Npgsql;

namespace MailHub.Routing.Assignment;

internal static class Transactions
{
    private const int Attempts = 5;

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits when it says so (else rolls back).
    /// A deadlock or serialization failure reruns it: PostgreSQL already undid the loser's work.
    /// </summary>
    public static async Task<T> RunAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlTransaction, Task<(bool Commit, T Result)>> work,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var (commit, result) = await work(transaction);
                if (commit)
                    await transaction.CommitAsync(cancellationToken);
                else
                    await transaction.RollbackAsync(cancellationToken);
                return result;
            }
            catch (PostgresException e) when (attempt < Attempts &&
                e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(10 * attempt, cancellationToken);
            }
        }
    }
}
