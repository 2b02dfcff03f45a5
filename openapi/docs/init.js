// Swagger UI for this gateway: the spec from openapi.json beside the page (so under any base
// path or proxy prefix), "Try it out" against this origin,
// and no request to anywhere else (the online validator is off).
window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: true,
  displayRequestDuration: true,
  defaultModelsExpandDepth: 0,
});
