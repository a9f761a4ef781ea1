export const campaignPaths = {};
