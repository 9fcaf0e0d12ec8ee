/** rejectionOf resolves to the error a promise rejects with, and fails if it resolves instead. */
export async function rejectionOf<E extends Error = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
