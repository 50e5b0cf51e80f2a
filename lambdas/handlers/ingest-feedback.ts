// Placeholder: being written in this change.
export const handler = async () => ({ statusCode: 501, body: '' });
