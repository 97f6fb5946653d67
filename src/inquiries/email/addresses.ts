/** The address every municipality has without configuration (apart so the receipt can use it without the settings' imports). */
export const defaultInboundAddress = (slug: string, mailDomain: string) => `${slug}@${mailDomain}`.toLowerCase()
