FROM php:8.3-fpm
RUN docker-php-ext-install pdo_mysql opcache \
    && pecl install redis \
    && docker-php-ext-enable redis
COPY --chown=www-data:www-data . /var/www/html
USER www-data
EXPOSE 9000
CMD ["php-fpm"]
